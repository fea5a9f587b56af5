/**
 * openapi-typescript writes a schema's description as a `@description` tag and
 * marks enums and constants with empty `@enum {string}` and `@constant` tags.
 * Editors show a tag as a label under the hover, not as the documentation, and
 * the empty ones say nothing the type does not. This makes each description the
 * comment's plain text and drops the empty tags (and a comment left empty).
 */
export function plainJsDoc(source: string): string {
  return source
    .replace(/^[ \t]*\/\*\* @(?:constant|enum \{[^}\n]*\}) \*\/\n/gm, '')
    .replace(/^[ \t]*\* @(?:constant|enum \{[^}\n]*\})\n/gm, '')
    .replace(/^([ \t]*(?:\/\*)?\*) @description /gm, '$1 ')
    .replace(/^[ \t]*\/\*\*\n[ \t]*\*\/\n/gm, '');
}
