import { NotFoundState } from "@/components/ui/not-found-state";
import { paths } from "@/lib/paths";

export default function NotFound() {
  return (
    <NotFoundState
      icon="🧭"
      title="This page does not exist"
      action={{ href: paths.agencies(), label: "Browse agencies" }}
    >
      The link may be broken, or the page may have moved. Conversations are only visible to the people in them.
    </NotFoundState>
  );
}
