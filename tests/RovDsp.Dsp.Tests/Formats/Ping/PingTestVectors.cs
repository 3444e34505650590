namespace RovDsp.Dsp.Tests.Formats.Ping;

/// <summary>Byte-exact frames published by Blue Robotics' own implementations (protocol test vectors).</summary>
internal static class PingTestVectors
{
    // bluerobotics/ping-rs tests/packer.rs and tests/deserialize.rs: general_request(requested_id = 5); the same
    // bytes are the "Negotiation example" request in bluerobotics/ping-protocol docs/index.md.
    public static readonly byte[] GeneralRequest5 = [0x42, 0x52, 0x02, 0x00, 0x06, 0x00, 0x00, 0x00, 0x05, 0x00, 0xa1, 0x00];

    // bluerobotics/ping-rs tests/packer.rs: the same with destination id 1.
    public static readonly byte[] GeneralRequest5Dst1 = [0x42, 0x52, 0x02, 0x00, 0x06, 0x00, 0x00, 0x01, 0x05, 0x00, 0xa2, 0x00];

    // bluerobotics/ping-rs tests/packer.rs: general_request(requested_id = 1211).
    public static readonly byte[] GeneralRequest1211 = [0x42, 0x52, 0x02, 0x00, 0x06, 0x00, 0x00, 0x00, 0xbb, 0x04, 0x5b, 0x01];

    // bluerobotics/ping-rs tests/serialize.rs: nack payload (nacked_id 0x666, "BATATA" + NUL), payload only.
    public static readonly byte[] NackPayload = [0x66, 0x06, 0x42, 0x41, 0x54, 0x41, 0x54, 0x41, 0x00];

    // bluerobotics/ping-python brping/pingmessage.py (__main__, test_protocol_version_buf), identical to
    // bluerobotics/ping-cpp test/test-message.cpp testProtocolVersion's packed struct 'B','R', len 4, id 5,
    // src 77, dst 211, version 1.2.3, reserved 99, checksum 550, written out little-endian.
    public static readonly byte[] ProtocolVersion = [0x42, 0x52, 4, 0, 5, 0, 77, 211, 1, 2, 3, 99, 0x26, 0x02];

    // bluerobotics/ping-python brping/pingmessage.py (__main__, test_profile_buf), identical to
    // bluerobotics/ping-cpp test/test-message.cpp testProfile: id 1300, src 56, dst 45, distance 1000,
    // confidence 93, transmit_duration 2111, ping_number 44444444, scan_start 4000, scan_length 35000,
    // gain_setting 4, profile_data_length 10, data 0..9, checksum 1502; packed little-endian.
    // bluerobotics/ping-protocol docs/index.md "Negotiation example": the device's protocol_version reply, v1.2.3.
    public static readonly byte[] ProtocolVersionDocs = [0x42, 0x52, 0x04, 0x00, 0x05, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x00, 0xa3, 0x00];

    public static readonly byte[] Profile =
    [
        0x42, 0x52, 36, 0, 0x14, 0x05, 56, 45,
        0xE8, 0x03, 0x00, 0x00, // distance 1000
        93, 0,                  // confidence
        0x3F, 0x08,             // transmit_duration 2111
        0x1C, 0x2B, 0xA6, 0x02, // ping_number 44444444 = 0x02A62B1C
        0xA0, 0x0F, 0x00, 0x00, // scan_start 4000
        0xB8, 0x88, 0x00, 0x00, // scan_length 35000
        0x04, 0x00, 0x00, 0x00, // gain_setting 4
        10, 0,                  // profile_data_length
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
        0xDE, 0x05,             // checksum 1502
    ];
}
