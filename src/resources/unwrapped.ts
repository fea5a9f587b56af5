/**
 * Operations of the spec that the resource methods deliberately do not wrap,
 * with the reason. They stay callable, fully typed, through `client.raw`. A
 * test fails when the spec has an operation that is neither wrapped nor listed
 * here, so a regenerated spec shows its new operations by name.
 */
export const deliberatelyUnwrapped: Readonly<Record<string, string>> = {
  listContacts:
    'The dated contacts list returns a reduced record (no phone numbers, emails or custom fields); contacts.list (v1) returns the full contact by externalIds.',
  getContactById: 'The dated contact has fewer fields than the v1 one that contacts.get returns for the same id.',
};
