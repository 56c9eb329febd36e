package faastestbed.client.workload;

import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AzureTraceTest {
    static final String SMALL = """
            HashOwner,HashApp,HashFunction,Trigger,1,2,3,4,5
            o1,a1,f1,http,0,3,0,1,0
            o1,a1,f2,timer,1,0,1,0,1
            o2,a2,f3,queue,0,0,10,0,2
            """;

    static AzureTrace small() throws Exception {
        return AzureTrace.parse(new StringReader(SMALL), "small.csv");
    }

    @Test
    void parsesRowsAndCounts() throws Exception {
        AzureTrace trace = small();
        assertEquals(5, trace.minutes());
        assertEquals(3, trace.functions().size());
        TraceFunction f3 = trace.functions().get(2);
        assertEquals("o2", f3.hashOwner());
        assertEquals("f3", f3.hashFunction());
        assertEquals("queue", f3.trigger());
        assertArrayEquals(new int[]{0, 0, 10, 0, 2}, f3.counts());
        assertEquals(4, f3.line());
        assertEquals(12, f3.total());
        assertEquals(11, trace.count(3));
        assertEquals(19, trace.total(trace.allMinutes()));
    }

    @Test
    void parsesTheShippedSyntheticDay() throws Exception {
        AzureTrace trace = AzureTrace.read(TestFiles.syntheticTrace());
        assertEquals(1440, trace.minutes());
        assertEquals(6, trace.functions().size());
        assertEquals(649, trace.total(trace.allMinutes()));
    }

    @Test
    void toleratesCrlfBomAndBlankLines() throws Exception {
        String text = "\uFEFF" + SMALL.replace("\n", "\r\n") + "\r\n\r\n";
        assertEquals(small(), AzureTrace.parse(new StringReader(text), "small.csv"));
    }

    private static TraceFormatException malformed(String text) {
        return assertThrows(TraceFormatException.class, () -> AzureTrace.parse(new StringReader(text), "bad.csv"));
    }

    @Test
    void malformedRowsNameTheirLine() {
        TraceFormatException e = malformed(SMALL.replace("o1,a1,f2,timer,1,0,1,0,1", "o1,a1,f2,timer,1,0,1,0"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("bad.csv line 3") && e.getMessage().contains("expected 9 fields"), e.getMessage());

        e = malformed(SMALL.replace("o2,a2,f3,queue,0,0,10,0,2", "o2,a2,f3,queue,0,0,ten,0,2"));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("minute 3") && e.getMessage().contains("'ten'"), e.getMessage());

        e = malformed(SMALL.replace("o1,a1,f1,http,0,3,0,1,0", "o1,a1,f1,http,0,-3,0,1,0"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("negative"), e.getMessage());

        e = malformed(SMALL.replace("o1,a1,f1,http", "o1,,f1,http"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("HashApp is empty"), e.getMessage());
    }

    @Test
    void malformedHeaderIsLineOne() {
        assertEquals(1, malformed("").line());
        assertEquals(1, malformed(SMALL.replace("HashOwner,", "Owner,")).line());
        TraceFormatException e = malformed(SMALL.replace(",4,5\n", ",5,4\n"));
        assertTrue(e.getMessage().contains("minute '4', got '5'"), e.getMessage());
        assertEquals(1, malformed("HashOwner,HashApp,HashFunction,Trigger\no,a,f,http\n").line());
    }

    @Test
    void aHeaderWithoutRowsIsAnError() {
        TraceFormatException e = malformed("HashOwner,HashApp,HashFunction,Trigger,1,2\n\n");
        assertTrue(e.getMessage().contains("no function rows"), e.getMessage());
    }
}
