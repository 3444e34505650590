using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Tests.Support;
using static RovDsp.Dsp.Tests.Pipelines.SideScan.SideScanSynthetic;

namespace RovDsp.Dsp.Tests.Pipelines.SideScan;

/// <summary>
/// The contact tracker on synthetic lines (<see cref="SideScanSynthetic"/>: flat seabed, Rayleigh speckle) run
/// through the whole <see cref="SideScanPipeline"/>. The box target is a block on the seabed to starboard whose
/// top face returns 5× the seabed from 8 to 10 m ground range; seen from altitude a = 5 m its top edge (height
/// h = 1 m at R = 10 m) hides the seabed over L = h·R/(a − h) = 2.5 m (similar triangles), so the expected contact
/// is: near edge 8 m, far edge 10 m, across-track length 2 m, shadow 2.5 m, height a·L/(R+L) = 1 m.
/// </summary>
public class SideScanContactTrackerTests
{
    private const double Altitude = 5.0;
    private static readonly SideScanSettings Settings = new() { MaxGroundRangeM = 30, GroundBins = 512 };

    private static double Box(double g) => g is >= 8 and < 10 ? 5.0 : g is >= 10 and < 12.5 ? 0.02 : 1.0;

    /// <summary>The seabed beyond 9 m returns nothing (the noise floor, as the water column) after a bright patch.</summary>
    private static double Dropout(double g) => g is >= 7 and < 9 ? 4.0 : g >= 9 ? 0.01 : 1.0;

    private static (List<SideScanContact> Contacts, SideScanContactTracker Tracker, int Targets) Run(
        Func<uint, Func<double, double>> starboard, uint lines, int seed = 1)
    {
        var pipeline = new SideScanPipeline(Settings);
        var tracker = new SideScanContactTracker(new SideScanContactSettings(), Settings.BinSpacingM, Settings.GroundBins);
        var line = new SideScanLine(Samples);
        var random = new Random(seed);
        var contacts = new List<SideScanContact>();
        var targets = 0;
        for (uint n = 0; n < lines; n++)
        {
            Fill(line, n, Altitude, true, random, Flat, starboard(n));
            var result = pipeline.Process(line);
            targets += result.TargetCount;
            tracker.Process(pipeline, result);
            contacts.AddRange(tracker.Closed.ToArray());
        }

        tracker.Flush();
        contacts.AddRange(tracker.Closed.ToArray());
        return (contacts, tracker, targets);
    }

    [Fact]
    public void A_box_on_the_seabed_is_one_contact_with_its_near_edge_length_and_height()
    {
        // 100 lines of plain seabed for the normalisation, the box on lines 100–129, then 30 plain lines.
        var (contacts, _, _) = Run(n => n is >= 100 and < 130 ? Box : Flat, 160);
        var c = Assert.Single(contacts);
        Assert.Equal(SideScanSide.Starboard, c.Side);
        Assert.Equal(100u, c.First.Sequence);
        Assert.Equal(129u, c.Last.Sequence);
        Assert.Equal(30, c.Lines);
        Assert.InRange(c.NearRangeM, 7.8, 8.2);
        Assert.InRange(c.FarRangeM, 9.8, 10.2);
        Assert.InRange(c.LengthM, 1.7, 2.3);
        Assert.InRange(c.ShadowLengthM, 2.3, 2.9);
        // The tallest line's estimate: the shadow's end is blurred by speckle by a bin or two (0.06 m each).
        Assert.InRange(c.HeightM, 0.9, 1.2);
        // Peak 3-bin mean of a level-5 return over the seabed's 1: above 10·log10(3), at most 10·log10(5·speckle).
        Assert.InRange(c.StrengthDb, 4.8, 12.0);
        Assert.Equal(29.0 / 15, c.DurationS, 3);
    }

    [Fact]
    public void A_dropout_gives_no_contact()
    {
        var (contacts, tracker, targets) = Run(n => n is >= 100 and < 130 ? Dropout : Flat, 160);
        // The pipeline does take the dropout for highlight + shadow pairs (what main reported as 20 m shadows) ...
        Assert.True(targets >= 20, $"{targets} targets");
        // ... and the tracker drops every one of them.
        Assert.Empty(contacts);
        Assert.True(tracker.DropoutsSuppressed >= 20, $"{tracker.DropoutsSuppressed} suppressed");
    }

    [Fact]
    public void A_dropout_of_whole_lines_inside_a_contact_does_not_split_it()
    {
        // Lines 110–112 carry no echo at all on either side (level of the water column): a 3-line gap.
        var pipeline = new SideScanPipeline(Settings);
        var tracker = new SideScanContactTracker(new SideScanContactSettings(), Settings.BinSpacingM, Settings.GroundBins);
        var line = new SideScanLine(Samples);
        var random = new Random(4);
        var contacts = new List<SideScanContact>();
        for (uint n = 0; n < 160; n++)
        {
            Func<double, double> side = n is >= 110 and <= 112 ? _ => WaterLevel : Flat;
            Fill(line, n, Altitude, true, random, side, n is >= 110 and <= 112 ? side : n is >= 100 and < 130 ? Box : Flat);
            tracker.Process(pipeline, pipeline.Process(line));
            contacts.AddRange(tracker.Closed.ToArray());
        }

        var c = Assert.Single(contacts);
        Assert.Equal(100u, c.First.Sequence);
        Assert.Equal(129u, c.Last.Sequence);
        Assert.Equal(27, c.DetectedLines);
    }

    [Fact]
    public void Two_boxes_apart_in_range_are_two_contacts_and_a_single_line_is_none()
    {
        static double Two(double g) => Box(g) != 1.0 ? Box(g) : g is >= 18 and < 19 ? 5.0 : g is >= 19 and < 21 ? 0.02 : 1.0;
        static double Speck(double g) => g is >= 20 and < 20.5 ? 5.0 : g is >= 20.5 and < 22 ? 0.02 : 1.0;
        var (contacts, tracker, _) = Run(n => n is >= 100 and < 120 ? Two : n == 140 ? Speck : Flat, 160);
        Assert.Equal(2, contacts.Count);
        Assert.Contains(contacts, c => c.NearRangeM is > 7.8f and < 8.2f);
        Assert.Contains(contacts, c => c.NearRangeM is > 17.8f and < 18.2f);
        Assert.Equal(1, tracker.Discarded); // the one-line speck: fewer than MinDetectedLines
    }

    [Fact]
    public void Reset_starts_the_numbering_again_and_gives_the_same_contacts()
    {
        var pipeline = new SideScanPipeline(Settings);
        var tracker = new SideScanContactTracker(new SideScanContactSettings(), Settings.BinSpacingM, Settings.GroundBins);
        var line = new SideScanLine(Samples);
        List<SideScanContact> Once()
        {
            pipeline.Reset();
            tracker.Reset();
            var random = new Random(8);
            var list = new List<SideScanContact>();
            for (uint n = 0; n < 150; n++)
            {
                Fill(line, n, Altitude, true, random, Flat, n is >= 100 and < 120 ? Box : Flat);
                tracker.Process(pipeline, pipeline.Process(line));
                list.AddRange(tracker.Closed.ToArray());
            }

            return list;
        }

        var first = Once();
        Assert.Equal(first, Once());
        Assert.Equal(1, Assert.Single(first).Id);
    }

    [Fact]
    public void No_allocation_per_line_in_steady_state()
    {
        var pipeline = new SideScanPipeline(Settings);
        var tracker = new SideScanContactTracker(new SideScanContactSettings(), Settings.BinSpacingM, Settings.GroundBins);
        var line = new SideScanLine(Samples);
        var box = new SideScanLine(Samples);
        var random = new Random(6);
        Fill(line, 0, Altitude, true, random, Flat, Flat);
        Fill(box, 0, Altitude, true, random, Flat, Box);
        for (var i = 0; i < 100; i++)
        {
            tracker.Process(pipeline, pipeline.Process(line));
        }

        var closed = 0;
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            // A whole contact's cycle: opened, grown over 10 lines, closed after the gap.
            closed = 0;
            for (var i = 0; i < 10; i++)
            {
                closed += tracker.Process(pipeline, pipeline.Process(box));
            }

            for (var i = 0; i < 8; i++)
            {
                closed += tracker.Process(pipeline, pipeline.Process(line));
            }
        });
        Assert.Equal(1, closed); // the measured window did open, grow and close a contact
    }
}
