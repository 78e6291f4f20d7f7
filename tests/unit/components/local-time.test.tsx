import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LocalTime } from "@/components/ui/local-time";

// The server render: UTC, since the server cannot know the reader's zone (the browser switches after hydration).
describe("LocalTime on the server", () => {
  it("writes the long form in UTC, with the instant in dateTime and title", () => {
    const html = renderToString(<LocalTime iso="2026-11-26T23:30:00+01:00" style="long" />);
    expect(html).toContain('dateTime="2026-11-26T23:30:00+01:00"');
    expect(html).toContain('title="2026-11-26T22:30:00.000Z"');
    expect(html).toContain(">26 Nov 2026, 22:30</time>");
  });

  it("writes a short day for an earlier date and the time of day for today, each time it renders", () => {
    const today = new Date().toISOString().slice(0, 10);
    const render = () => [
      renderToString(<LocalTime iso="2026-01-05T09:15:00Z" />),
      renderToString(<LocalTime iso={`${today}T09:15:00Z`} />),
    ];
    for (const [earlier, todays] of [render(), render()]) {
      expect(earlier).toContain(">5 Jan</time>");
      expect(todays).toContain(">09:15</time>");
    }
  });
});
