import { describe, expect, it } from "vitest";
import { api, paths } from "@/lib/paths";
import { newId } from "@/tests/support/factories/ids";

const id = newId();

describe("paths", () => {
  it("builds the page URLs", () => {
    expect(paths.home()).toBe("/");
    expect(paths.agencies()).toBe("/agencies");
    expect(paths.agencies({ after: "WyJBIiwiYiJd" })).toBe("/agencies?after=WyJBIiwiYiJd");
    expect(paths.agencies({ before: "WyJBIiwiYiJd" })).toBe("/agencies?before=WyJBIiwiYiJd");
    expect(paths.agency("acme-travel")).toBe("/agencies/acme-travel");
    expect(paths.inbox()).toBe("/messages");
    expect(paths.thread(id)).toBe(`/messages/conversations/${id}`);
  });

  it("encodes the path to come back to after sign-in", () => {
    expect(paths.login()).toBe("/login");
    expect(paths.login({ next: paths.agency("acme-travel") })).toBe("/login?next=%2Fagencies%2Facme-travel");
    expect(paths.login({ next: "/messages?tab=all#latest" })).toBe("/login?next=%2Fmessages%3Ftab%3Dall%23latest");
    expect(paths.login({ next: "/" })).toBe("/login");
    expect(paths.signup({ next: paths.agency("acme-travel") })).toBe("/signup?next=%2Fagencies%2Facme-travel");
    expect(paths.authLinkError({ type: "signup", next: "/a?b=c" })).toBe("/auth/error?type=signup&next=%2Fa%3Fb%3Dc");
    expect(paths.authLinkError()).toBe("/auth/error");
  });

  it("encodes values so they stay one path segment", () => {
    expect(paths.agency("a/b?c")).toBe("/agencies/a%2Fb%3Fc");
    expect(api.messages("../x")).toBe("/api/messages/conversations/..%2Fx/messages");
  });

  it("builds the API URLs", () => {
    expect(api.conversations()).toBe("/api/messages/conversations");
    expect(api.conversations({ context_type: "agency_inquiry", context_id: id, limit: "1" })).toBe(
      `/api/messages/conversations?context_type=agency_inquiry&context_id=${id}&limit=1`,
    );
    expect(api.conversation(id)).toBe(`/api/messages/conversations/${id}`);
    expect(api.messages(id)).toBe(`/api/messages/conversations/${id}/messages`);
    expect(api.health()).toBe("/api/health");
  });
});
