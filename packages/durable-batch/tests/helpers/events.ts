import type {
  DynamoDBRecord,
  DynamoDBStreamEvent,
  KinesisStreamEvent,
  KinesisStreamRecord,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';

/** An SQS record as Lambda delivers it; `groupId` makes it a FIFO queue's record. */
export const sqsRecord = (messageId: string, body: string, groupId?: string): SQSRecord => ({
  messageId,
  receiptHandle: `handle-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1700000000000',
    SenderId: 'sender',
    ApproximateFirstReceiveTimestamp: '1700000000000',
    ...(groupId === undefined ? {} : { MessageGroupId: groupId, SequenceNumber: '1' }),
  },
  messageAttributes: {},
  md5OfBody: 'md5',
  eventSource: 'aws:sqs',
  eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:queue${groupId === undefined ? '' : '.fifo'}`,
  awsRegion: 'us-east-1',
});

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** A Kinesis Data Streams record; `data` is base64 as Kinesis delivers it. */
export const kinesisRecord = (sequenceNumber: string, data: string): KinesisStreamRecord => ({
  kinesis: {
    kinesisSchemaVersion: '1.0',
    partitionKey: 'key',
    sequenceNumber,
    data: Buffer.from(data).toString('base64'),
    approximateArrivalTimestamp: 1700000000,
  },
  eventSource: 'aws:kinesis',
  eventVersion: '1.0',
  eventID: `shardId-000000000000:${sequenceNumber}`,
  eventName: 'aws:kinesis:record',
  invokeIdentityArn: 'arn:aws:iam::123456789012:role/role',
  awsRegion: 'us-east-1',
  eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/stream',
});

export const kinesisEvent = (...records: KinesisStreamRecord[]): KinesisStreamEvent => ({
  Records: records,
});

/** A DynamoDB Streams record carrying `message` in its new image. */
export const dynamodbRecord = (sequenceNumber: string, message: string): DynamoDBRecord => ({
  eventID: `event-${sequenceNumber}`,
  eventName: 'INSERT',
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'us-east-1',
  dynamodb: {
    Keys: { Id: { N: sequenceNumber } },
    NewImage: { Message: { S: message } },
    SequenceNumber: sequenceNumber,
    SizeBytes: 26,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
  eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/table/stream/2026',
});

export const dynamodbEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({
  Records: records,
});
