/** Who holds a claim, and the payload hash Powertools would have stored in its place. */
export interface ClaimOwner {
  executionArn?: string;
  payloadHash?: string;
}

const OWNER_MARK = 'durable-owner:';

/**
 * The value written to a claim's validation attribute: `durable-owner:` and the JSON of the owner's
 * execution ARN and payload hash. A base64 payload hash never starts with the mark.
 *
 * @example
 * ```ts
 * encodeOwner({ executionArn: 'arn:...', payloadHash: 'abc=' }); // 'durable-owner:{"executionArn":...}'
 * ```
 */
export const encodeOwner = (owner: ClaimOwner): string => `${OWNER_MARK}${JSON.stringify(owner)}`;

/** Reads what {@link encodeOwner} wrote; a plain payload hash (a completed record) has no owner. */
export const decodeOwner = (stored: string | undefined): ClaimOwner => {
  if (stored === undefined || !stored.startsWith(OWNER_MARK)) return { payloadHash: stored };
  try {
    const parsed = JSON.parse(stored.slice(OWNER_MARK.length)) as Record<string, unknown>;
    return {
      executionArn: typeof parsed.executionArn === 'string' ? parsed.executionArn : undefined,
      payloadHash: typeof parsed.payloadHash === 'string' ? parsed.payloadHash : undefined,
    };
  } catch {
    return {};
  }
};
