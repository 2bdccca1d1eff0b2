package org.communityhub.connectivity;

import java.util.List;

/** Connectivity changes were committed (a CDI event, fired right after the commit, in time order per device). */
public record ConnectivityChanged(List<Change> changes) {
}
