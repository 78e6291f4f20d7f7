import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { errorBody, parseErrorBody } from "@/lib/errors/error-body";

describe("parseErrorBody", () => {
  it("reads back what errorBody wrote", () => {
    const error = new AppError("validation_failed", "Some fields are invalid.", {
      issues: [{ path: "body", message: "must not be empty" }],
    });
    expect(parseErrorBody(JSON.parse(JSON.stringify(errorBody(error))))).toEqual(errorBody(error).error);
  });

  it.each([
    ["null", null],
    ["an HTML page's text", "<html>502 Bad Gateway</html>"],
    ["a success body", { data: [] }],
    ["an unknown code", { error: { code: "teapot", message: "short and stout" } }],
    ["a message that is not a string", { error: { code: "internal_error", message: 5 } }],
  ])("is null for %s", (_name, json) => {
    expect(parseErrorBody(json)).toBeNull();
  });

  it("drops malformed issues and keeps the well-formed ones", () => {
    const json = { error: { code: "validation_failed", message: "Bad", issues: [{ path: "a", message: "b" }, 7] } };
    expect(parseErrorBody(json)?.issues).toEqual([{ path: "a", message: "b" }]);
  });
});
