package faastestbed.client.workload;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SchedulesTest {
    @Test
    void cyclesInterleaveFunctionsInListOrder() {
        assertEquals(List.of("a", "b", "c", "a", "b", "c"), Schedules.cycles(List.of("a", "b", "c"), 2));
    }

    @Test
    void totalIsCyclesTimesFunctions() {
        assertEquals(20, Schedules.cycles(List.of("fib-python", "fib-native"), 10).size());
        assertEquals(List.of("x"), Schedules.cycles(List.of("x"), 1));
    }

    @Test
    void rejectsEmptyInput() {
        assertThrows(IllegalArgumentException.class, () -> Schedules.cycles(List.of(), 3));
        assertThrows(IllegalArgumentException.class, () -> Schedules.cycles(List.of("a"), 0));
    }
}
