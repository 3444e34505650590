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
/// <see cref="SideScanContactSettings.MaxEdgeGapM"/>: the last bright bin reached is where the return begins.</para>
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
    public SideScanContactTracker(SideScanContactSettings settings, double binSpacingM)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (!(binSpacingM > 0) || !double.IsFinite(binSpacingM))
        {
            throw new ArgumentOutOfRangeException(nameof(binSpacingM), binSpacingM, "binSpacingM must be finite and > 0");
        }

        _settings = settings;
        _binSpacingM = binSpacingM;
        _open = new Track[settings.MaxOpenContacts];
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

            var near = (float)(NearEdgeBin(side[..covered], (int)Math.Round(t.GroundRangeM / _binSpacingM)) * _binSpacingM);
            Add(t, near, shadowEnd);
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
        var best = shadowStart;
        var bestLevel = float.NegativeInfinity;
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

            if (m > bestLevel)
            {
                bestLevel = m;
                best = j;
            }
        }

        // A faint object (highlight under ObjectLevel): its brightest bin near the shadow stands for the edge.
        return edge >= 0 ? edge : Math.Min(best, shadowStart);
    }

    private void Add(in SideScanTarget t, float near, float shadowEnd)
    {
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
            _open[match] = new Track { Id = _nextId++, Side = t.Side, First = t.Stamp, FirstLine = _line, NearRangeM = float.PositiveInfinity, HeightM = float.NaN, PeakLevel = float.NegativeInfinity, CountedLine = -1 };
        }

        _open[match].Update(t, near, shadowEnd, _line);
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
                _closed[_closedCount++] = c.ToContact();
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
        // Keep the order (oldest first) so that matching and reporting do not depend on pool slots.
        Array.Copy(_open, index + 1, _open, index, _openCount - index - 1);
        _openCount--;
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

        public void Update(in SideScanTarget t, float near, float shadowEnd, long line)
        {
            if (CountedLine != line)
            {
                CountedLine = line;
                DetectedLines++;
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
            CountedLine = Math.Max(CountedLine, other.CountedLine);
        }

        public readonly SideScanContact ToContact() => new(Id, Side, First, Last, (int)(LastLine - FirstLine + 1), DetectedLines,
            NearRangeM, FarRangeM, ShadowLengthM, HeightM, 10f * MathF.Log10(MathF.Max(PeakLevel, 1e-6f)), Peak);
    }
}
