import { describe, expect, it } from "vitest";
import { PASSWORD_REQUIREMENTS } from "./config.ts";
import { AuthError } from "./errors.ts";
import { checkEmail, checkPassword } from "./validate.ts";

function errorOf(fn: () => void): AuthError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AuthError) return err;
  }
  throw new Error("no AuthError thrown");
}

describe("checkPassword (GoTrue's checkPasswordStrength)", () => {
  const strict = { minimumPasswordLength: 8, requiredCharacters: PASSWORD_REQUIREMENTS.lower_upper_letters_digits! };

  it("names every reason: length and characters", () => {
    const err = errorOf(() => checkPassword(strict, "abc"));
    expect(err.status).toBe(422);
    expect(err.code).toBe("weak_password");
    expect(err.extra).toEqual({ weak_password: { reasons: ["length", "characters"] } });
    expect(err.message).toBe(
      "Password should be at least 8 characters. Password should contain at least one character of each: " +
        "abcdefghijklmnopqrstuvwxyz, ABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789.",
    );
    expect(() => checkPassword(strict, "Abcdefg1")).not.toThrow();
  });

  it("counts bytes like GoTrue and refuses more than 72", () => {
    expect(() => checkPassword({ minimumPasswordLength: 6, requiredCharacters: [] }, "ééé")).not.toThrow();
    const long = errorOf(() => checkPassword({ minimumPasswordLength: 6, requiredCharacters: [] }, "x".repeat(73)));
    expect([long.status, long.code]).toEqual([400, "validation_failed"]);
  });
});

describe("checkEmail", () => {
  it("lower-cases a valid address and refuses malformed, control-character and over-long ones", () => {
    expect(checkEmail("Ann@Example.COM")).toBe("ann@example.com");
    expect(checkEmail("ann@localhost")).toBe("ann@localhost");
    for (const bad of [
      "",
      "ann",
      "ann@-example.com",
      "a\u0000b@example.com",
      "a b@example.com",
      "jöhn@exämple.com",
      "x'; drop table auth.users;--@example.com",
      `${"a".repeat(250)}@x.com`,
    ]) {
      const err = errorOf(() => checkEmail(bad));
      expect([err.status, err.code], bad).toEqual([400, "validation_failed"]);
    }
  });
});
