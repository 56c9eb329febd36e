package faastestbed.gateway.cluster;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * A command as the client wrote it, before {@link ClusterService} turns it into arguments and checks them. Stored
 * registrations keep it as JSON; each kind is told apart by its one field.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(CommandInput.Line.class), @JsonSubTypes.Type(CommandInput.Args.class),
        @JsonSubTypes.Type(CommandInput.Other.class)})
public sealed interface CommandInput {
    /** One string, split on whitespace with shell-like quoting. */
    record Line(String text) implements CommandInput {
    }

    record Args(List<String> args) implements CommandInput {
    }

    /**
     * Neither a string nor a list of strings. Kept rather than refused on sight so that the errors come in the
     * order the fields are checked.
     *
     * @param list a list, but with an element that is not a string
     */
    record Other(boolean list) implements CommandInput {
    }
}
