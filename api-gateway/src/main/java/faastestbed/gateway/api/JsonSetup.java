package faastestbed.gateway.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StateCheck;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The shared enums leave the API under the same names as in configuration and CSV files ("pre-warmed", "ok"); every
 * integer field of a request takes whole numbers only.
 */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {
    /** How the message of a refused integer value starts (after the field's name). */
    static final String NOT_AN_INTEGER = "must be a whole number";

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule m = new SimpleModule("testbed-api");
        // Jackson would truncate 1.5 to 1 (ACCEPT_FLOAT_AS_INT), read true as 1 and "" as null (the default):
        // each is a mistake the caller should hear about. Request bodies hold Integer, never int (Dtos).
        m.addDeserializer(Integer.class, new StrictInteger());
        m.addSerializer(ExecutionMode.class, by(ExecutionMode.class, ExecutionMode::id));
        m.addSerializer(InvocationStatus.class, by(InvocationStatus.class, InvocationStatus::id));
        m.addSerializer(StateCheck.class, by(StateCheck.class, StateCheck::id));
        m.addSerializer(faastestbed.common.model.InvocationPath.class,
                by(faastestbed.common.model.InvocationPath.class, faastestbed.common.model.InvocationPath::id));
        m.addSerializer(faastestbed.common.model.StartType.class,
                by(faastestbed.common.model.StartType.class, faastestbed.common.model.StartType::id));
        m.addSerializer(faastestbed.common.model.Failure.class,
                by(faastestbed.common.model.Failure.class, f -> f.name().toLowerCase(java.util.Locale.ROOT)));
        m.addSerializer(faastestbed.policy.scheduling.FunctionState.class,
                by(faastestbed.policy.scheduling.FunctionState.class, s -> s.name().toLowerCase(java.util.Locale.ROOT)));
        // Read back as written: stored answers of asynchronous invocations (faastestbed.gateway.state)
        m.addDeserializer(ExecutionMode.class, from(ExecutionMode.class, ExecutionMode::parse));
        m.addDeserializer(InvocationStatus.class, from(InvocationStatus.class, InvocationStatus::parse));
        m.addDeserializer(StateCheck.class, from(StateCheck.class, StateCheck::parse));
        m.addDeserializer(faastestbed.common.model.InvocationPath.class, from(faastestbed.common.model.InvocationPath.class,
                faastestbed.common.model.InvocationPath::parse));
        m.addDeserializer(faastestbed.common.model.StartType.class, from(faastestbed.common.model.StartType.class,
                faastestbed.common.model.StartType::parse));
        m.addDeserializer(faastestbed.common.model.Failure.class, from(faastestbed.common.model.Failure.class,
                faastestbed.common.model.Failure::parse));
        mapper.registerModule(m);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /**
     * A JSON integer within int's range, or a string of one (seed-003 clients quote numbers); anything else (1.5,
     * 1e3, "22abc", "", true, 99999999999) is refused with a message that names what was sent.
     */
    static final class StrictInteger extends StdScalarDeserializer<Integer> {
        private static final Pattern DIGITS = Pattern.compile("[+-]?[0-9]{1,10}");

        StrictInteger() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT) {
                if (p.getNumberType() == JsonParser.NumberType.INT) {
                    return p.getIntValue();
                }
                throw refused(p, clip(p.getText()) + " (it does not fit in 32 bits)");
            }
            if (t == JsonToken.VALUE_STRING) {
                String text = p.getText();
                if (DIGITS.matcher(text).matches()) {
                    try {
                        return Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        throw refused(p, "\"" + text + "\" (it does not fit in 32 bits)");
                    }
                }
                throw refused(p, "\"" + clip(text) + "\"");
            }
            if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                throw refused(p, clip(p.getText()));
            }
            throw refused(p, t == JsonToken.START_ARRAY ? "an array" : t == JsonToken.START_OBJECT ? "an object" : String.valueOf(t));
        }

        private static MismatchedInputException refused(JsonParser p, String shown) {
            return MismatchedInputException.from(p, Integer.class, NOT_AN_INTEGER + ", not " + shown);
        }

        private static String clip(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "..." : s;
        }
    }

    /** The id {@link #by} wrote, or the constant's own name. */
    private static <T extends Enum<T>> StdScalarDeserializer<T> from(Class<T> type,
                                                                    Function<String, java.util.Optional<T>> parse) {
        return new StdScalarDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                if (text == null) {
                    throw MismatchedInputException.from(p, type, "expected a string");
                }
                java.util.Optional<T> v = parse.apply(text);
                if (v.isPresent()) {
                    return v.get();
                }
                try {
                    return Enum.valueOf(type, text);
                } catch (IllegalArgumentException e) {
                    throw MismatchedInputException.from(p, type, "unknown " + type.getSimpleName() + " '" + text + "'");
                }
            }
        };
    }

    private static <T> StdSerializer<T> by(Class<T> type, Function<T, String> id) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(id.apply(value));
            }
        };
    }
}
