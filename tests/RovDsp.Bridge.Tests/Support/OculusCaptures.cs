using System.Net;
using System.Net.Sockets;
using RovDsp.Dsp.Formats.Oculus;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Wire;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>The real Oculus pings in shared/data/oculus (beside the repository root) and what the existing reader
/// makes of them: the oracle the driver's published frames are compared with.</summary>
public static class OculusCaptures
{
    /// <summary>The bytes of shared/data/oculus/<paramref name="file"/>.</summary>
    public static byte[] Read(string file = "three_pings_8bit.raw") =>
        File.ReadAllBytes(Path.Combine(RepoFiles.Root, "..", "shared", "data", "oculus", file));

    /// <summary>The capture's ping results, by the existing splitter and parser.</summary>
    public static List<OculusSimplePingResult> Pings(byte[] capture) =>
        [.. OculusStreamSplitter.Split(capture).Messages.Select(m => OculusSimplePingResult.Parse(m.Bytes.Span, m.Offset))];

    /// <summary>The raw multibeam message the importer's conversion makes of <paramref name="ping"/> with
    /// <paramref name="stamp"/>.</summary>
    public static byte[] Expected(OculusSimplePingResult ping, MessageStamp stamp)
    {
        var frame = new MultibeamFrame();
        OculusFrameAdapter.Fill(ping, frame, stamp);
        var bytes = new byte[MultibeamFrameCodec.GetEncodedLength(frame)];
        MultibeamFrameCodec.Encode(frame, bytes);
        return bytes;
    }

    /// <summary>The stamp in a published wire message's header.</summary>
    public static MessageStamp StampOf(byte[] message)
    {
        Assert.Equal(WireError.None, WireHeader.TryRead(message, out var header, out _));
        return header.Stamp;
    }

    /// <summary>A UDP port free at the moment of asking (for the discovery listener, which binds it itself).</summary>
    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
