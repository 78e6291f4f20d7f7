import { NotFoundState } from "@/components/ui/not-found-state";

export default function AgencyNotFound() {
  return <NotFoundState what="agency" />;
}
