/** JSON errors that say what was wrong and what to do (the ApiError shape in api/contract.ts). */
import type { Response } from 'express';
import type { ApiError } from '../api/contract.js';

export function sendError(res: Response, status: number, error: string, message: string, fields?: ApiError['fields']): void {
  const body: ApiError = fields ? { error, message, fields } : { error, message };
  res.status(status).json(body);
}

/** An error a handler throws to answer with a given status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: ApiError['fields'],
  ) {
    super(message);
  }
}
