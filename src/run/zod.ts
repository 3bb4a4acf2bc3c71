// zod as the whole app uses it. Jitless: zod would otherwise probe `new Function('')` to compile
// faster parsers, and the built site's Content-Security-Policy (no eval; scripts/csp.ts) reports
// that probe as a violation even though zod catches it. The run's schemas are small: the
// interpreted parsers cost nothing noticeable.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
