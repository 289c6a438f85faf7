package org.eagerae.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a member of a run stands, as recorded in {@code run.json}. */
public enum MemberState {
    /** Not trained yet, or interrupted before its outcome was recorded. */
    @JsonProperty("pending")
    PENDING,
    /** Trained until its stopping rule or the epoch cap ended it. */
    @JsonProperty("finished")
    FINISHED,
    /** Its training failed; the status says why. A resumed run trains it again from its last checkpoint. */
    @JsonProperty("failed")
    FAILED
}
