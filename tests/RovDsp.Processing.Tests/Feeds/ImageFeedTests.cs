using RovDsp.Processing.Feeds;

namespace RovDsp.Processing.Tests.Feeds;

public class ImageFeedTests
{
    private const long T0 = 1_799_971_200_000_000_000;

    // How many of the frames stamped at `stamps` get an image.
    private static int Images(ImageFeed feed, IEnumerable<long> stamps)
    {
        var grey = new byte[16 * 16];
        var images = 0;
        foreach (var t in stamps)
        {
            if (feed.IsDue(t))
            {
                feed.Encode(grey, 16, 16, t);
                images++;
            }
        }

        return images;
    }

    [Fact]
    public void Sonar_at_the_cap_with_jittered_stamps_keeps_every_frame()
    {
        // 10 Hz for 10 s, each stamp up to 8 ms early or late (deterministic pattern).
        var stamps = Enumerable.Range(0, 100).Select(i => T0 + i * 100_000_000L + (i * 7919 % 17 - 8) * 1_000_000L);
        Assert.Equal(100, Images(new ImageFeed(10), stamps));
    }

    [Fact]
    public void Faster_sonar_is_held_to_the_cap_on_average()
    {
        // 40 Hz for 10 s at a 10 Hz cap: 100 images (the first at 0, then one per 100 ms), never more than one over.
        var stamps = Enumerable.Range(0, 400).Select(i => T0 + i * 25_000_000L);
        var images = Images(new ImageFeed(10), stamps);
        Assert.InRange(images, 95, 101);
    }

    [Fact]
    public void Slower_sonar_gets_an_image_for_every_frame()
    {
        var stamps = Enumerable.Range(0, 20).Select(i => T0 + i * 2_000_000_000L);
        Assert.Equal(20, Images(new ImageFeed(10), stamps));
    }

    [Fact]
    public void Restarted_recording_gets_an_image_at_once()
    {
        var feed = new ImageFeed(2);
        Assert.Equal(1, Images(feed, [T0 + 5_000_000_000L]));
        Assert.True(feed.IsDue(T0));
    }
}
