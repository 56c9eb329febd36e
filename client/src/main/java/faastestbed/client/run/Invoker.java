package faastestbed.client.run;

/** Invokes a function once and reports what happened; never throws for a failed invocation. */
@FunctionalInterface
public interface Invoker {
    InvocationOutcome invoke(String function) throws InterruptedException;
}
