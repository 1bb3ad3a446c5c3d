"""``coopgraph token``: create, list and revoke steward and admin tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coopgraph.errors import CoopgraphError, InputError

if TYPE_CHECKING:
    from coopgraph.access import Keyring

app = typer.Typer(help="Steward and admin tokens (stored hashed in the private folder).")

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="Store folder, `memory`, or a SPARQL URL (COOPGRAPH_STORE)."),
]


def _keyring(store: str | None) -> Keyring:
    from coopgraph.access import keyring_of
    from coopgraph.settings import Settings

    settings = Settings(store=store) if store is not None else Settings()
    keyring = keyring_of(settings)
    if keyring is None:
        needed = "set COOPGRAPH_PRIVATE_FOLDER for a store in memory or a remote store"
        raise _fail(InputError(f"tokens need a private folder: {needed}"))
    return keyring


def _fail(error: CoopgraphError) -> typer.Exit:
    typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
    return typer.Exit(2 if isinstance(error, InputError) else 1)


@app.command()
def create(
    name: Annotated[str, typer.Argument(help="Who holds it: lowercase letters, digits, '-'.")],
    territory: Annotated[
        list[str] | None,
        typer.Option(help="A territory it may publish (IRI or commune/62528); repeat for more."),
    ] = None,
    admin: Annotated[bool, typer.Option("--admin", help="May do every write.")] = False,
    store: StoreOption = None,
) -> None:
    """Create a token and print its secret, once: it is stored hashed and cannot be shown again."""
    from coopgraph.submissions import territory_iri  # here: it brings in the validator

    keyring = _keyring(store)
    try:
        territories = [territory_iri(t) for t in territory or []]
        secret = keyring.create(name, territories, admin)
    except CoopgraphError as exc:
        raise _fail(exc) from exc
    typer.echo(secret)
    typer.echo(f"token '{name}' created; keep the secret above, it is not stored", err=True)


@app.command("list")
def list_tokens(store: StoreOption = None) -> None:
    """List the tokens: name, created, admin or territories (never secrets or hashes)."""
    for token in _keyring(store).tokens():
        scope = "admin" if token.admin else " ".join(token.territories)
        typer.echo(f"{token.name}\t{token.created}\t{scope}")


@app.command()
def revoke(
    name: Annotated[str, typer.Argument(help="The token's name.")], store: StoreOption = None
) -> None:
    """Remove a token; it stops working at once, on a running server too."""
    try:
        _keyring(store).revoke(name)
    except CoopgraphError as exc:
        raise _fail(exc) from exc
    typer.echo(f"token '{name}' revoked", err=True)
