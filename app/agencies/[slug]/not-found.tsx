import { NotFoundState } from "@/components/ui/not-found-state";
import { paths } from "@/lib/paths";

export default function AgencyNotFound() {
  return (
    <NotFoundState
      icon="🧳"
      title="We could not find this agency"
      action={{ href: paths.agencies(), label: "See all agencies" }}
    >
      It may have changed its name or left the marketplace.
    </NotFoundState>
  );
}
