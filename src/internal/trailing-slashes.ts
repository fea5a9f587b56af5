/** `url` without the slashes it ends with, so a path can be appended: `https://host/base/` → `https://host/base`. */
export function withoutTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
