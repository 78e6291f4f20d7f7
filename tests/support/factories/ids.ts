/** A fresh UUID (v4), for rows whose id a test does not care about or must not share with another test. */
export const newId = (): string => crypto.randomUUID();
