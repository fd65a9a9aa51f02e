// Stand-ins for the systems an order workflow talks to. They run in-process: the point of the
// example is what the durable utilities write, not these calls.

/** An order as the SQS message body carries it. */
export interface Order {
  orderId: string;
  sku: string;
  quantity: number;
  amountCents: number;
}

/** Thrown for a message whose body is not a valid order: retrying cannot fix it. */
export class InvalidOrderError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InvalidOrderError';
  }
}

/** Parses and checks an SQS message body. */
export const parseOrder = (body: string): Order => {
  const order = JSON.parse(body) as Partial<Order>;
  if (typeof order.orderId !== 'string' || typeof order.sku !== 'string') {
    throw new InvalidOrderError('an order needs an orderId and a sku');
  }
  if (!Number.isInteger(order.quantity) || (order.quantity ?? 0) < 1) {
    throw new InvalidOrderError(
      `order ${order.orderId}: quantity must be a positive integer, got ${order.quantity}`,
    );
  }
  if (!Number.isInteger(order.amountCents) || (order.amountCents ?? 0) < 1) {
    throw new InvalidOrderError(`order ${order.orderId}: amountCents must be a positive integer`);
  }
  return order as Order;
};

let stockServiceWarm = false;

/** The stock service: its very first request times out (a cold dependency), later ones succeed. */
export const reserveStock = async (order: Order): Promise<string> => {
  if (!stockServiceWarm) {
    stockServiceWarm = true;
    throw new Error('stock service timed out');
  }
  return `res-${order.orderId}`;
};

/** The payment provider: charging is not idempotent, hence an at-most-once step. */
export const chargePayment = async (order: Order): Promise<string> => `ch-${order.orderId}`;

/** The warehouse gets the callback id and answers, later, with the shipment's tracking number. */
export const requestShipment = async (_order: Order, _callbackId: string): Promise<void> => {};

/** The customer notification. */
export const notifyCustomer = async (order: Order, trackingNumber: string): Promise<string> =>
  `notified ${order.orderId}: ${trackingNumber}`;

/** The fraud team gets the callback id and answers, later, with its verdict. */
export const requestReview = async (_order: Order, _callbackId: string): Promise<void> => {};
