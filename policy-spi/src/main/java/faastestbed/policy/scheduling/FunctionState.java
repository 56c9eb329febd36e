package faastestbed.policy.scheduling;

/** How ready a node is to run one function, from coldest to warmest. */
public enum FunctionState {
    /** Image not on the node: an invocation must pull it. */
    ABSENT,
    /** Image cached on the node ("pre-warmed"): {@code docker run} can start at once. */
    IMAGE_PRESENT,
    /** A long-lived container of the function runs on the node ("warmed"): {@code docker exec}. */
    CONTAINER_RUNNING
}
