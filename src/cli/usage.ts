/** A usage error: printed on stderr as it is, exit status 2. */
export class UsageError extends Error {}
