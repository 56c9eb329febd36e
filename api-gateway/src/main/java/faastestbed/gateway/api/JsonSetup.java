package faastestbed.gateway.api;

import com.fasterxml.jackson.core.JsonGenerator;
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

/** The shared enums leave the API under the same names as in configuration and CSV files ("pre-warmed", "ok"). */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule m = new SimpleModule("testbed-enums");
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
        mapper.registerModule(m);
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
