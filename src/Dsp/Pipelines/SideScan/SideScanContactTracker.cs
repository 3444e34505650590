namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>
/// Groups the per-line highlight/shadow detections of <see cref="SideScanPipeline"/> into contacts, one per
/// physical object: a detection joins an open contact on the same side whose ground-range envelope (nearest near
/// edge to farthest shadow end so far) its own interval overlaps, within <see cref="SideScanContactSettings.MatchMarginM"/>, on a line at most
/// <see cref="SideScanContactSettings.MaxGapLines"/> after the contact's last; a detection overlapping two contacts
/// merges them (a wreck's internal shadows and its far-side shadow are one object). A contact is closed, and
/// reported in <see cref="Closed"/> when it has enough lines, after that many lines without a detection.
/// </summary>
/// <remarks>
/// <para>Near edge: the detector gives the shadow's start (the object's far edge). The object's return lies before
/// it, so the near edge is found by walking from the shadow start toward nadir over the normalised line while its
/// 3-bin mean is at least <see cref="SideScanContactSettings.ObjectLevel"/>, bridging darker gaps up to
/// <see cref="SideScanContactSettings.MaxEdgeGapM"/>: the last bright bin reached is where the return begins on that line. The contact's near edge is a low
/// percentile (<see cref="SideScanContactSettings.NearEdgePercentile"/>) of its lines' near edges: the object's
/// nearest approach, without letting one line whose walk ran onto a speckle spike decide it.</para>
/// <para>Dropouts: a shadow that runs to the end of the line's covered range never ended — the return fell to the
/// noise floor and did not come back within the line. That is a missing return, not a shadow (an object's shadow
/// ends where the seabed is lit again), so such detections are dropped and counted
/// (<see cref="DropoutsSuppressed"/>). A dropout of whole lines gives no detection at all; a contact spanning it
/// survives when the gap is at most MaxGapLines.</para>
/// <para>Allocation: none after construction (a fixed pool of open contacts; when it is full, further new
/// detections are counted in <see cref="PoolFull"/> and dropped).</para>
/// </remarks>
public sealed class SideScanContactTracker
{
    private readonly SideScanContactSettings _settings;
    private readonly double _binSpacingM;
    private readonly Track[] _open;
    private readonly SideScanContact[] _closed;
    private int _openCount;
    private int _closedCount;
    private long _line;
    private int _nextId = 1;

    /// <summary>Creates a tracker for lines on a ground-range grid of <paramref name="binSpacingM"/>.</summary>
    /// <param name="settings">Settings (validated here).</param>
    /// <param name="binSpacingM">Ground-range bin spacing of the normalised lines, metres (<see cref="SideScanSettings.BinSpacingM"/>).</param>
    /// <param name="bins">Ground-range bins per side of the normalised lines (<see cref="SideScanSettings.GroundBins"/>).</param>
    public SideScanContactTracker(SideScanContactSettings settings, double binSpacingM, int bins)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (!(binSpacingM > 0) || !double.IsFinite(binSpacingM))
        {
            throw new ArgumentOutOfRangeException(nameof(binSpacingM), binSpacingM, "binSpacingM must be finite and > 0");
        }

        _settings = settings;
        _binSpacingM = binSpacingM;
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        _open = new Track[settings.MaxOpenContacts];
        for (var i = 0; i < _open.Length; i++)
        {
            _open[i].NearHistogram = new int[bins];
        }
        _closed = new SideScanContact[settings.MaxOpenContacts];
    }

    /// <summary>The settings.</summary>
    public SideScanContactSettings Settings => _settings;

    /// <summary>Contacts closed by the last <see cref="Process(in SideScanResult, ReadOnlySpan{SideScanTarget}, ReadOnlySpan{float}, ReadOnlySpan{float})"/>
    /// or <see cref="Flush"/> (valid until the next call).</summary>
    public ReadOnlySpan<SideScanContact> Closed => _closed.AsSpan(0, _closedCount);

    /// <summary>Contacts open now.</summary>
    public int OpenCount => _openCount;

    /// <summary>Contacts reported since construction or <see cref="Reset"/>.</summary>
    public long Reported { get; private set; }

    /// <summary>Contacts closed with fewer than <see cref="SideScanContactSettings.MinDetectedLines"/> lines (not reported).</summary>
    public long Discarded { get; private set; }

    /// <summary>Detections dropped because their shadow was a dropout (see the remarks).</summary>
    public long DropoutsSuppressed { get; private set; }

    /// <summary>New detections dropped because <see cref="SideScanContactSettings.MaxOpenContacts"/> contacts were open.</summary>
    public long PoolFull { get; private set; }

    /// <summary>Takes one line's detections from a pipeline that has just processed it.</summary>
    /// <param name="pipeline">The pipeline (its <see cref="SideScanPipeline.Targets"/> and normalised lines are read).</param>
    /// <param name="result">What <see cref="SideScanPipeline.Process"/> returned for the line.</param>
    /// <returns>The number of contacts closed by this line (see <see cref="Closed"/>).</returns>
    public int Process(SideScanPipeline pipeline, in SideScanResult result)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return Process(result, pipeline.Targets, pipeline.NormalisedLine(SideScanSide.Port), pipeline.NormalisedLine(SideScanSide.Starboard));
    }

    /// <summary>Takes one line's detections.</summary>
    /// <param name="result">The line's result (stamp, altitude, covered bins per side); a rejected line is ignored.</param>
    /// <param name="targets">The line's detections.</param>
    /// <param name="port">The port normalised ground-range line (background 1).</param>
    /// <param name="starboard">The starboard normalised ground-range line.</param>
    /// <returns>The number of contacts closed by this line (see <see cref="Closed"/>).</returns>
    public int Process(in SideScanResult result, ReadOnlySpan<SideScanTarget> targets, ReadOnlySpan<float> port, ReadOnlySpan<float> starboard)
    {
        _closedCount = 0;
        if (!result.Accepted)
        {
            return 0;
        }

        _line++;
        foreach (var t in targets)
        {
            var side = t.Side == SideScanSide.Port ? port : starboard;
            var covered = Math.Min(side.Length, t.Side == SideScanSide.Port ? result.PortValidBins : result.StarboardValidBins);
            var shadowEnd = t.GroundRangeM + t.ShadowLengthM;
            if (shadowEnd >= covered * _binSpacingM - _settings.DropoutMarginM)
            {
                DropoutsSuppressed++;
                continue;
            }

            var nearBin = NearEdgeBin(side[..covered], (int)Math.Round(t.GroundRangeM / _binSpacingM));
            Add(t, nearBin, shadowEnd);
        }

        CloseStale(_line - _settings.MaxGapLines);
        return _closedCount;
    }

    /// <summary>Closes every open contact (end of the recording); returns how many were reported (see <see cref="Closed"/>).</summary>
    public int Flush()
    {
        _closedCount = 0;
        CloseStale(long.MaxValue);
        return _closedCount;
    }

    /// <summary>Forgets every open contact, the counters and the contact numbering.</summary>
    public void Reset()
    {
        _openCount = 0;
        _closedCount = 0;
        _line = 0;
        _nextId = 1;
        Reported = 0;
        Discarded = 0;
        DropoutsSuppressed = 0;
        PoolFull = 0;
    }

    /// <summary>Walks from the shadow's first bin toward nadir; returns the bin where the object's return begins.</summary>
    private int NearEdgeBin(ReadOnlySpan<float> line, int shadowStart)
    {
        var level = (float)_settings.ObjectLevel;
        var maxGap = (int)Math.Round(_settings.MaxEdgeGapM / _binSpacingM);
        shadowStart = Math.Clamp(shadowStart, 0, line.Length);
        var edge = -1;
        var gap = 0;
        for (var j = shadowStart - 1; j >= 0; j--)
        {
            var lo = Math.Max(0, j - 1);
            var hi = Math.Min(line.Length, j + 2);
            var sum = 0f;
            for (var k = lo; k < hi; k++)
            {
                sum += line[k];
            }

            var m = sum / (hi - lo);
            if (m >= level)
            {
                edge = j;
                gap = 0;
            }
            else if (++gap > maxGap)
            {
                break;
            }
        }

        // No bright return before the shadow (a faint object, highlight under ObjectLevel): the near edge is not
        // seen, so it is put at the far edge (a length of 0) rather than guessed.
        return edge >= 0 ? edge : shadowStart;
    }

    private void Add(in SideScanTarget t, int nearBin, float shadowEnd)
    {
        var near = (float)(nearBin * _binSpacingM);
        var margin = (float)_settings.MatchMarginM;
        var match = -1;
        for (var i = 0; i < _openCount; i++)
        {
            ref var c = ref _open[i];
            if (c.Side != t.Side || near > c.ShadowEndM + margin || shadowEnd < c.NearRangeM - margin)
            {
                continue;
            }

            if (match < 0)
            {
                match = i;
            }
            else
            {
                // The detection bridges two contacts: one object. Fold the later-numbered into the earlier.
                var (keep, drop) = _open[match].Id < c.Id ? (match, i) : (i, match);
                _open[keep].Merge(_open[drop]);
                RemoveAt(drop);
                match = keep < drop ? keep : keep - 1;
                i--;
            }
        }

        if (match < 0)
        {
            if (_openCount == _open.Length)
            {
                PoolFull++;
                return;
            }

            match = _openCount++;
            var histogram = _open[match].NearHistogram;
            Array.Clear(histogram);
            _open[match] = new Track
            {
                Id = _nextId++, Side = t.Side, First = t.Stamp, FirstLine = _line, NearRangeM = float.PositiveInfinity, HeightM = float.NaN,
                PeakLevel = float.NegativeInfinity, CountedLine = -1, NearHistogram = histogram,
            };
        }

        _open[match].Update(t, near, nearBin, shadowEnd, _line);
    }

    private void CloseStale(long before)
    {
        var i = 0;
        while (i < _openCount)
        {
            if (_open[i].LastLine >= before)
            {
                i++;
                continue;
            }

            ref var c = ref _open[i];
            if (c.DetectedLines >= _settings.MinDetectedLines)
            {
                _closed[_closedCount++] = c.ToContact(NearEdgeM(c));
                Reported++;
            }
            else
            {
                Discarded++;
            }

            RemoveAt(i);
        }
    }

    private void RemoveAt(int index)
    {
        // Keep the order (oldest first) so that matching and reporting do not depend on pool slots; the removed
        // slot's histogram moves to the freed end slot so that no two slots share one.
        var histogram = _open[index].NearHistogram;
        Array.Copy(_open, index + 1, _open, index, _openCount - index - 1);
        _openCount--;
        _open[_openCount].NearHistogram = histogram;
    }

    /// <summary>The contact's near edge: the <see cref="SideScanContactSettings.NearEdgePercentile"/> of its
    /// per-line near edges (the nearest approach, robust to a line whose walk ran onto a speckle spike).</summary>
    private float NearEdgeM(in Track c)
    {
        var histogram = c.NearHistogram;
        var total = 0L;
        foreach (var n in histogram)
        {
            total += n;
        }

        var rank = (long)Math.Ceiling(total * _settings.NearEdgePercentile / 100.0);
        var seen = 0L;
        for (var k = 0; k < histogram.Length; k++)
        {
            seen += histogram[k];
            if (seen >= Math.Max(1, rank))
            {
                return (float)(k * _binSpacingM);
            }
        }

        return c.NearRangeM;
    }

    /// <summary>An open contact's running state.</summary>
    private struct Track
    {
        public int Id;
        public SideScanSide Side;
        public MessageStamp First;
        public MessageStamp Last;
        public MessageStamp Peak;
        public long FirstLine;
        public long LastLine;
        public int DetectedLines;
        public float NearRangeM;
        public float FarRangeM;
        public float ShadowLengthM;
        public float HeightM;
        public float PeakLevel;
        public long CountedLine;
        public float ShadowEndM;
        public int[] NearHistogram;
        public int LineNearBin;

        public void Update(in SideScanTarget t, float near, int nearBin, float shadowEnd, long line)
        {
            nearBin = Math.Clamp(nearBin, 0, NearHistogram.Length - 1);
            if (CountedLine != line)
            {
                CountedLine = line;
                DetectedLines++;
                LineNearBin = nearBin;
                NearHistogram[nearBin]++;
            }
            else if (nearBin < LineNearBin)
            {
                // The line's near edge is the nearest of its detections' (a wreck's internal shadows reach nearer).
                NearHistogram[LineNearBin]--;
                NearHistogram[nearBin]++;
                LineNearBin = nearBin;
            }

            ShadowEndM = Math.Max(ShadowEndM, shadowEnd);

            Last = t.Stamp;
            LastLine = line;
            NearRangeM = Math.Min(NearRangeM, near);
            FarRangeM = Math.Max(FarRangeM, t.GroundRangeM);
            ShadowLengthM = Math.Max(ShadowLengthM, t.ShadowLengthM);
            if (float.IsFinite(t.HeightM) && !(HeightM >= t.HeightM))
            {
                HeightM = t.HeightM;
            }

            if (t.HighlightLevel > PeakLevel)
            {
                PeakLevel = t.HighlightLevel;
                Peak = t.Stamp;
            }
        }

        public void Merge(in Track other)
        {
            if (other.FirstLine < FirstLine)
            {
                First = other.First;
                FirstLine = other.FirstLine;
            }

            if (other.LastLine > LastLine)
            {
                Last = other.Last;
                LastLine = other.LastLine;
            }

            // Lines both saw are counted twice here; bounded by the span so the figure stays meaningful.
            DetectedLines = (int)Math.Min(DetectedLines + other.DetectedLines, LastLine - FirstLine + 1);
            NearRangeM = Math.Min(NearRangeM, other.NearRangeM);
            FarRangeM = Math.Max(FarRangeM, other.FarRangeM);
            ShadowLengthM = Math.Max(ShadowLengthM, other.ShadowLengthM);
            if (float.IsFinite(other.HeightM) && !(HeightM >= other.HeightM))
            {
                HeightM = other.HeightM;
            }

            if (other.PeakLevel > PeakLevel)
            {
                PeakLevel = other.PeakLevel;
                Peak = other.Peak;
            }

            ShadowEndM = Math.Max(ShadowEndM, other.ShadowEndM);
            for (var k = 0; k < NearHistogram.Length; k++)
            {
                NearHistogram[k] += other.NearHistogram[k];
            }

            CountedLine = Math.Max(CountedLine, other.CountedLine);
        }

        public readonly SideScanContact ToContact(float nearEdgeM) => new(Id, Side, First, Last, (int)(LastLine - FirstLine + 1), DetectedLines,
            nearEdgeM, FarRangeM, ShadowLengthM, HeightM, 10f * MathF.Log10(MathF.Max(PeakLevel, 1e-6f)), Peak);
    }
}
