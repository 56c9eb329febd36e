package faastestbed.plots.charts;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.StartType;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Colours of Execution Mode labels. A label's colour depends only on the label (and the mode it names), never
 * on which other labels a run happens to contain, so the same label looks the same in every chart and every
 * run: the mode picks the hue family (Cold blues, Pre-warmed greens, Warmed oranges/reds, Dynamic purples) and
 * the policy part of the label ("Round Robin" in "Round Robin - Cold") picks the shade within it; for Dynamic the
 * keep-alive tag too, since cells differing only in keep-alive are what its charts compare.
 */
public final class Palette {
    private static final Map<ExecutionMode, Color[]> FAMILIES = Map.of(
            ExecutionMode.COLD, colors(0x1F5FAD, 0x0B2F6B, 0x4FA3E0, 0x0E8A9E, 0x6E7FD1, 0x8FC9EE, 0x3B4C8C, 0x2CB5C9),
            ExecutionMode.PRE_WARMED, colors(0x2E8B3E, 0x115E2A, 0x7BC96F, 0x1F8C73, 0x9BAA2E, 0x4C6B22, 0x52B788, 0xB5D96A),
            ExecutionMode.WARMED, colors(0xE0701B, 0xB03A2E, 0xF2B138, 0xD9486B, 0x8C4A1F, 0xF08C6C, 0x7F1D1D, 0xC99A2E),
            // Only for dynamic labels without a keep-alive tag; tagged ones take their keep-alive's family below.
            ExecutionMode.DYNAMIC, colors(0x4B1C7A, 0x8E1B5E, 0x6B2FA8, 0xA0216B, 0x3A1456, 0x7A1F7A, 0x5A3E9E, 0xC2185B,
                    0x2E1A5E, 0x93287F));

    /**
     * Dynamic cells are compared by keep-alive first, so the keep-alive picks the hue (none grey, fixed-ttl blue, lru
     * green, greedy-dual orange, hybrid-histogram purple, others hashed), the scheduling policy the brightness and a
     * keep-alive's argument (fixed-ttl:5s vs :60s) the saturation. Dark values: these cells mostly run on the handler
     * path, drawn as a tint that must stay visible.
     */
    private static final Map<String, Float> KEEP_ALIVE_HUES = Map.of(
            "fixed-ttl", 0.60f, "lru", 0.36f, "greedy-dual", 0.07f, "hybrid-histogram", 0.78f);
    private static final List<String> DYNAMIC_POLICY_ORDER =
            List.of("roundrobin", "hashaffinity", "leastused", "mostused", "warmedfirst", "poweroftwo");
    private static final float[] BRIGHTNESS = {0.30f, 0.55f, 0.75f, 0.42f, 0.65f, 0.22f};
    private static final float[] SATURATION = {0.95f, 0.55f, 0.30f};

    /**
     * Fixed shade per policy of the gateway, so they never share a shade within a family. Shade 0 is the bare
     * mode (seed 003's "Warmed"); other policies hash onto the remaining shades.
     */
    private static final Map<String, Integer> POLICY_SHADES = Map.of(
            "", 0,
            "roundrobin", 1,
            "leastused", 2,
            "mostused", 3,
            "warmedfirst", 4,
            "hashaffinity", 5,
            "poweroftwo", 6);
    private static final int FIRST_HASHED_SHADE = 7;

    private Palette() {
    }

    /**
     * Start types from worst to best for the caller: cold red, image-cached orange, prewarmed blue, warm green, so
     * a stacked bar reads as "how much red" at a glance.
     */
    public static Color of(StartType t) {
        return switch (t) {
            case COLD -> new Color(0xC0392B);
            case IMAGE_CACHED -> new Color(0xE67E22);
            case PREWARMED -> new Color(0x5DADE2);
            case WARM -> new Color(0x27AE60);
        };
    }

    /** Colour of a label whose mode is known from it or from its rows; {@code mode} may be empty. */
    public static Color of(String label, Optional<ExecutionMode> mode) {
        Optional<ExecutionMode> m = mode.isPresent() ? mode : ExecutionMode.fromLabel(label);
        if (m.isEmpty()) {
            // No mode: a hue from the label's hash (String.hashCode is specified, so stable across JVMs and runs).
            int h = label.hashCode();
            return Color.getHSBColor(Math.floorMod(h, 360) / 360f, 0.45f + Math.floorMod(h >> 9, 30) / 100f, 0.55f);
        }
        String keepAlive = InvocationPath.keepAliveFromLabel(label);
        Color c;
        if (m.get() == ExecutionMode.DYNAMIC && !keepAlive.isEmpty()) {
            int colon = keepAlive.indexOf(':');
            String name = colon < 0 ? keepAlive : keepAlive.substring(0, colon);
            String argument = colon < 0 ? "" : keepAlive.substring(colon + 1);
            c = dynamicColour(name, argument, policyPart(label));
        } else {
            Color[] family = FAMILIES.get(m.get());
            c = family[m.get() == ExecutionMode.DYNAMIC
                    ? dynamicShade(policyPart(label), keepAlive, family.length)
                    : shade(policyPart(label), family.length)];
        }
        // The handler path of the same policy and mode: a tint of the same shade, so the pair reads as a pair.
        return InvocationPath.fromLabel(label) == InvocationPath.HANDLER ? tint(c) : c;
    }

    /** "Round Robin - Cold" (or "Round Robin - Cold (handler)") gives "Round Robin"; a label without " - " has none. */
    static String policyPart(String label) {
        int dash = label.lastIndexOf(" - ");
        return dash < 0 ? "" : label.substring(0, dash);
    }

    static int shade(String policy, int shades) {
        String key = policy.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        Integer fixed = POLICY_SHADES.get(key);
        if (fixed != null) {
            return fixed;
        }
        return FIRST_HASHED_SHADE + Math.floorMod(key.hashCode(), shades - FIRST_HASHED_SHADE);
    }

    /**
     * Policy × keep-alive hashed over the whole family: the fixed policy shades would give every keep-alive of a
     * policy the same colour. Two pairs may still share a shade; the legend tells them apart.
     */
    static int dynamicShade(String policy, String keepAlive, int shades) {
        String key = policy.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "|" + keepAlive.trim();
        return Math.floorMod(key.hashCode(), shades);
    }

    static Color dynamicColour(String keepAlive, String argument, String policy) {
        String key = policy.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        int p = DYNAMIC_POLICY_ORDER.indexOf(key);
        float brightness = BRIGHTNESS[p >= 0 ? p : Math.floorMod(key.hashCode(), BRIGHTNESS.length)];
        // No argument: full saturation; arguments of one keep-alive (usually) differ from each other by their hash.
        float saturation = SATURATION[argument.isEmpty() ? 0 : 1 + Math.floorMod(argument.hashCode(), 2)];
        if (keepAlive.equals("none")) {
            return Color.getHSBColor(0f, 0f, brightness);
        }
        Float hue = KEEP_ALIVE_HUES.get(keepAlive);
        return Color.getHSBColor(hue != null ? hue : Math.floorMod(keepAlive.hashCode(), 360) / 360f, saturation, brightness);
    }

    /** 45 % of the way to white: clearly lighter than the shade, still in its family. */
    static Color tint(Color c) {
        return new Color(toWhite(c.getRed()), toWhite(c.getGreen()), toWhite(c.getBlue()));
    }

    private static int toWhite(int v) {
        return (int) Math.round(v + (255 - v) * 0.45);
    }

    private static Color[] colors(int... rgb) {
        Color[] c = new Color[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            c[i] = new Color(rgb[i]);
        }
        return c;
    }
}
