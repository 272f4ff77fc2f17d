/**
 * zod, configured once for the whole app: no generated code. zod 4 compiles object parsers with
 * `new Function` (and probes whether it may), which the page's Content-Security-Policy forbids and
 * reports as a violation; the interpreted parsers are fast enough for links, files and forms.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
