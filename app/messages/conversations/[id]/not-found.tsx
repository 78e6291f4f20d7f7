import { NotFoundState } from "@/components/ui/not-found-state";
import { paths } from "@/lib/paths";

export default function ConversationNotFound() {
  return (
    <NotFoundState
      icon="🔒"
      title="Conversation not found"
      action={{ href: paths.inbox(), label: "Back to your messages" }}
    >
      This conversation does not exist, or you are not one of its participants.
    </NotFoundState>
  );
}
