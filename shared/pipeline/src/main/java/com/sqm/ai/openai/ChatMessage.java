package com.sqm.ai.openai;

/** One message of a chat-completion conversation, before it becomes an SDK parameter. */
record ChatMessage(Role role, String content) {

  /** Who says it. */
  enum Role {
    SYSTEM,
    USER,
    ASSISTANT
  }

  static ChatMessage system(String content) {
    return new ChatMessage(Role.SYSTEM, content);
  }

  static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content);
  }

  static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content);
  }
}
