/** Typed errors of @tributary/graph; `code` is stable and safe to branch on. */
export type GraphErrorCode = 'BAD_CONFIG';

export class GraphError extends Error {
  override name = 'GraphError';
  readonly code: GraphErrorCode;
  constructor(code: GraphErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
