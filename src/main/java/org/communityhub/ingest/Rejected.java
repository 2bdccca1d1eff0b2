package org.communityhub.ingest;

/** A message the edge refuses, with the reason and a detail a person can act on. */
public class Rejected extends Exception {

    private final Reason reason;

    public Rejected(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
