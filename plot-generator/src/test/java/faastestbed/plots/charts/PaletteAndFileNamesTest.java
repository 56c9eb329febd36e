package faastestbed.plots.charts;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.StartType;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaletteAndFileNamesTest {
    private static float hue(Color c) {
        return Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null)[0];
    }

    @Test
    void colourDependsOnlyOnTheLabel() {
        assertEquals(Palette.of("Round Robin - Cold", Optional.empty()),
                Palette.of("Round Robin - Cold", Optional.of(ExecutionMode.COLD)));
        assertEquals(Palette.of("Some label", Optional.empty()), Palette.of("Some label", Optional.empty()));
        assertEquals(new Color(0x1F5FAD), Palette.of("Cold", Optional.empty()), "fixed palette: same colour in every run");
    }

    @Test
    void modePicksTheFamilyAndPolicyTheShade() {
        Color rrCold = Palette.of("Round Robin - Cold", Optional.empty());
        Color luCold = Palette.of("Least Used - Cold", Optional.empty());
        Color rrWarm = Palette.of("Round Robin - Warmed", Optional.empty());
        assertNotEquals(rrCold, luCold);
        assertNotEquals(rrCold, rrWarm);
        assertTrue(Math.abs(hue(rrCold) - hue(luCold)) < 0.08, "cold labels share a blue hue");
        assertTrue(Math.abs(hue(rrCold) - hue(rrWarm)) > 0.3, "cold and warmed differ in hue");
        assertEquals(Palette.of("Other Policy - Warmed", Optional.empty()), Palette.of("Other Policy - Warmed", Optional.empty()));
    }

    @Test
    void theHandlerPathIsATintOfTheSameShade() {
        Color exec = Palette.of("Round Robin - Warmed", Optional.empty());
        Color handler = Palette.of("Round Robin - Warmed (handler)", Optional.empty());
        assertEquals(Palette.tint(exec), handler);
        assertTrue(handler.getRed() + handler.getGreen() + handler.getBlue() > exec.getRed() + exec.getGreen() + exec.getBlue());
        assertNotEquals(exec, handler);
        assertEquals(Palette.of("Round Robin - Warmed (handler)", Optional.of(ExecutionMode.WARMED)), handler);
    }

    @Test
    void gatewayPoliciesNeverShareAShade() {
        for (String mode : List.of("Cold", "Pre-warmed", "Warmed")) {
            List<Color> colours = Stream.of("", "Round Robin - ", "Least Used - ", "Most Used - ", "Warmed First - ")
                    .map(p -> Palette.of(p + mode, Optional.empty())).toList();
            assertEquals(colours.size(), new HashSet<>(colours).size(), mode + ": " + colours);
        }
    }

    @Test
    void dynamicLabelsHaveTheirOwnFamilyAndKeepAliveChangesTheShade() {
        Color ttl = Palette.of("Hash Affinity - Dynamic [fixed-ttl:30s]", Optional.empty());
        Color lru = Palette.of("Hash Affinity - Dynamic [lru]", Optional.empty());
        Color cold = Palette.of("Hash Affinity - Cold", Optional.empty());
        assertNotEquals(ttl, lru);
        assertNotEquals(ttl, cold);
        assertEquals(Palette.tint(ttl), Palette.of("Hash Affinity - Dynamic [fixed-ttl:30s] (handler)", Optional.of(ExecutionMode.DYNAMIC)));
        assertEquals(4, Stream.of(StartType.values()).map(Palette::of).distinct().count());
    }

    @Test
    void fileNamesAreSanitisedAndUnique() {
        assertEquals("fib-python", FileNames.sanitize("fib-python"));
        assertEquals("a_b_c.d", FileNames.sanitize("a b/c.d"));
        assertEquals("___", FileNames.sanitize(".."));
        assertEquals("_", FileNames.sanitize(""));
        Map<String, String> stems = FileNames.stems(List.of("a b", "a_b", "fib"));
        assertEquals("fib", stems.get("fib"));
        assertNotEquals(stems.get("a b"), stems.get("a_b"));
        assertTrue(stems.values().stream().allMatch(s -> s.matches("[A-Za-z0-9._-]+")), stems.toString());
    }
}
