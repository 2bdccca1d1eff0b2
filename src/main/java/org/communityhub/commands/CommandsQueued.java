package org.communityhub.commands;

/** New commands wait to be sent: the dispatcher looks at once instead of at its next round. */
public record CommandsQueued() {
}
