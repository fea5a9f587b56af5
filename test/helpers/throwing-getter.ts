/** `base` with an enumerable `name` whose getter throws: what a proxy, a class with a broken accessor or a hostile caller can pass. */
export function withThrowingGetter<T extends object>(name: string, base: T = {} as T): T {
  return Object.defineProperty({ ...base }, name, {
    enumerable: true,
    get() {
      throw new Error(`the ${name} getter throws`);
    },
  });
}
