/** Fired on window after this tab marked a conversation read, so the header's unread count can refresh. */
export const CONVERSATION_READ_EVENT = "wayfarer:conversation-read";
