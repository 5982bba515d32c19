// Validates an OpenAPI document (path given) against the OpenAPI 3.0 schema and its own $refs, with SwaggerParser
// (npm @apidevtools/swagger-parser). Prints "valid" or the first errors, and exits 0 or 1.
import SwaggerParser from '@apidevtools/swagger-parser';

try {
  const api = await SwaggerParser.validate(process.argv[2]);
  console.log(`valid: OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths`);
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
