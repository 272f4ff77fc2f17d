#!/usr/bin/env node
import { main } from './main.js';

// a closed pipe (`h4h sample … | head`) is the reader's choice, not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
void Promise.resolve(main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
