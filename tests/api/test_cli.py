"""`innen api-token create|list|revoke`."""

import pytest

from innen.api.models import ApiToken
from innen.api.tokens import api_token_find
from innen.cli.main import main

pytestmark = pytest.mark.django_db


def test_create_prints_a_working_token_once_and_list_never_shows_it(org, capsys):
    assert main(["api-token", "create", "--organisation", str(org.pk), "--name", "erp",
                 "--scope", "write"]) == 0  # fmt: skip
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert api_token_find(secret).organisation == org
    assert main(["api-token", "list"]) == 0
    listing = capsys.readouterr().out
    assert ApiToken.objects.get().prefix in listing
    assert secret not in listing


def test_revoke_by_prefix_stops_the_token(org, capsys):
    main(["api-token", "create", "--organisation", str(org.pk), "--name", "erp", "--scope", "read"])
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["api-token", "revoke", ApiToken.objects.get().prefix]) == 0
    assert api_token_find(secret) is None


def test_an_unknown_organisation_or_prefix_is_a_usage_error(org, capsys):
    with pytest.raises(SystemExit) as exit_code:
        main(["api-token", "create", "--organisation", "999", "--name", "x", "--scope", "read"])
    assert exit_code.value.code == 2
    with pytest.raises(SystemExit):
        main(["api-token", "revoke", "deadbeef"])
    assert "no token with prefix" in capsys.readouterr().err
