import { readFile } from 'node:fs/promises';
import metadata from 'libphonenumber-js/min/metadata';
import { describe, expect, it } from 'vitest';
import { PHONE_TABLES_PATH, libphonenumberVersion, renderPhoneTables } from '../scripts/generate-phone-tables.js';

describe('generated/phone-tables.ts', () => {
  it('is what the generator makes of the installed libphonenumber-js (run `npm run generate:phone-tables` if not)', async () => {
    const committed = await readFile(new URL(`../${PHONE_TABLES_PATH}`, import.meta.url), 'utf8');
    expect(committed).toBe(renderPhoneTables());
  });

  it('names the libphonenumber-js version it came from and says not to edit it', () => {
    const header = renderPhoneTables().split('\n').slice(0, 4).join('\n');
    expect(header).toContain(`libphonenumber-js ${libphonenumberVersion()}`);
    expect(header).toContain('Do not edit by hand');
  });

  it('does not depend on the order of keys in the metadata', () => {
    const reversed = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).reverse());
    const shuffled = {
      ...metadata,
      country_calling_codes: reversed(metadata.country_calling_codes),
      countries: reversed(metadata.countries),
      nonGeographic: reversed(metadata.nonGeographic ?? {}),
    };
    expect(renderPhoneTables(shuffled, 'x')).toBe(renderPhoneTables(metadata, 'x'));
  });
});
