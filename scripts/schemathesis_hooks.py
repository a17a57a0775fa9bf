"""schemathesis hooks for syncd's API run (SCHEMATHESIS_HOOKS=schemathesis_hooks, with scripts/ on
PYTHONPATH): the streaming change feeds stay open by design (eventsource until the client
leaves, continuous with a heartbeat), so generated requests keep them short: eventsource is asked
as feed=normal, longpoll and continuous wait at most 100 ms and without a heartbeat."""
import schemathesis


@schemathesis.hook
def map_query(ctx, query):
    if query and "feed" in query:
        if query["feed"] in ("eventsource", "sse"):
            query["feed"] = "normal"
        if query["feed"] in ("longpoll", "continuous"):
            query["timeout"] = 100
            query.pop("heartbeat", None)
    return query
