"""The client's pacer keeps a rush under HubRise's per-connection limits instead of meeting 429s."""
import asyncio

from kezia_desk.hubrise.pacing import HUBRISE_WINDOWS, RequestPacer


class FakeTime:
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def clock(self):
        return self.now

    async def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def sent_times(count, windows=HUBRISE_WINDOWS, gap=0.01):
    fake = FakeTime()
    pacer = RequestPacer(windows, clock=fake.clock, sleep=fake.sleep)
    times = []

    async def rush():
        for _ in range(count):
            await pacer.wait()
            times.append(fake.now)
            fake.now += gap

    asyncio.run(rush())
    return times, fake


def test_a_rush_goes_at_once_while_the_minute_has_room_then_waits_for_it():
    times, fake = sent_times(900)  # a burst of 300 web orders: 3 requests each
    assert times[479] - times[0] < 5 and fake.sleeps  # the first 480 leave at once, then it waits
    for start in range(len(times)):  # never more than 480 in any minute (so never 500 in HubRise's windows)
        assert sum(1 for t in times[start:start + 481] if t < times[start] + 60) <= 480


def test_the_hour_limit_holds_too():
    times, _ = sent_times(60, windows=((60.0, 50), (3600.0, 55)), gap=0.0)
    assert times[54] - times[0] < 61 and times[55] - times[0] >= 3600
