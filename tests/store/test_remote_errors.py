"""What a remote server's refusals mean: the server's own words, and what to do about them."""

from __future__ import annotations

from coopgraph.errors import QueryFailed, StoreError
from coopgraph.store import remote_errors

VIRTUOSO_REFUSAL = (
    "QueryBadFormed: A bad request has been sent to the endpoint: probably the SPARQL query "
    "is badly formed. \n\nResponse:\nb'Virtuoso 37000 Error SP030: SPARQL compiler, line 1: "
    "syntax error\\n\\nSPARQL query:\\nASK {'"
)


def test_the_server_message_is_its_first_line_unescaped() -> None:
    message = remote_errors.server_message(VIRTUOSO_REFUSAL, "fallback")
    assert message == "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error"
    assert remote_errors.server_message("Response:\n  ", "the server failed") == (
        "the server failed"
    )


def test_a_refused_write_says_how_to_grant_it() -> None:
    refused = remote_errors.server_error("Response:\nb'SR186: No permission'", update=True)
    assert isinstance(refused, StoreError)
    assert "COOPGRAPH_UPDATE_URL" in str(refused)
    too_large = remote_errors.server_error("Response:\nSR325: transaction too big", update=True)
    assert "TransactionAfterImageLimit" in str(too_large)
    other = remote_errors.server_error("Response:\nsomething else", update=False)
    assert isinstance(other, QueryFailed)
    assert "could not run the query: something else" in str(other)


def test_virtuoso_wanting_a_default_graph_is_recognised() -> None:
    assert remote_errors.wants_a_default_graph(
        "No plain default graph specified in the preamble, but it is needed for triple in "
        "INSERT DATA"
    )
    assert not remote_errors.wants_a_default_graph("syntax error")


def test_messages_name_the_server_and_the_setting() -> None:
    assert "http://db/sparql" in remote_errors.refused("http://db/sparql")
    assert "COOPGRAPH_STORE_USER" in remote_errors.refused("http://db/sparql")
    assert "is it running?" in remote_errors.unreachable("http://db/sparql", "refused")
    assert "1.5 s (COOPGRAPH_QUERY_TIMEOUT)" in remote_errors.late(1.5)
