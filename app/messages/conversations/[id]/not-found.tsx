import { NotFoundState } from "@/components/ui/not-found-state";

export default function ConversationNotFound() {
  return <NotFoundState what="conversation" />;
}
