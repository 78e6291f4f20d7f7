/** A message as the API, the thread page and a `message_created` broadcast all carry it. */
export type RawMessage = {
  id: string;
  body: string;
  created_at: string;
  sender_id: string | null;
  client_message_id: string;
};

export type ThreadMessage = {
  id: string;
  /** Chosen by the sending tab: the key that lets it recognise its own message when it comes back live. */
  clientMessageId: string;
  body: string;
  createdAt: string;
  fromViewer: boolean;
  /** "You", the agency's name (staff writing to a customer) or the customer's display name. */
  senderLabel: string;
  /** The staff member's own name under the agency's, when the viewer may see it. */
  senderDetail: string | null;
};

/** What labelling a message needs to know about its thread and viewer. Plain data: it crosses to the browser. */
export type ThreadLabelContext = {
  viewerId: string;
  /** The conversation's customer (`created_by`). */
  customerId: string;
  viewerRole: "customer" | "agency";
  agencyName: string;
  customerName: string;
  /** Display names of the senders the server knew when it rendered the page. */
  staffNames: Record<string, string | null>;
};

/** Shown for a reply whose author's account was deleted (the reply stays in the thread). */
export const FORMER_STAFF_LABEL = "Former staff member";

/** Labels one message for the viewer: the server page and the live messages use the same rules. */
export function labelMessage(message: RawMessage, context: ThreadLabelContext): ThreadMessage {
  const fromViewer = message.sender_id === context.viewerId;
  const fromCustomer = message.sender_id === context.customerId;
  // A reply whose author's account was deleted keeps its place, without a name.
  const staffName = message.sender_id === null ? FORMER_STAFF_LABEL : (context.staffNames[message.sender_id] ?? null);
  let senderLabel: string;
  let senderDetail: string | null = null;
  if (fromViewer) senderLabel = "You";
  else if (fromCustomer) senderLabel = context.customerName;
  else if (context.viewerRole === "customer") {
    senderLabel = context.agencyName;
    senderDetail = staffName;
  } else senderLabel = staffName ?? context.agencyName;
  return {
    id: message.id,
    clientMessageId: message.client_message_id,
    body: message.body,
    createdAt: message.created_at,
    fromViewer,
    senderLabel,
    senderDetail,
  };
}
