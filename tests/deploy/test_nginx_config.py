"""`quicklooks deploy nginx-config` prints a configuration nginx accepts."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import quicklooks_command

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(not shutil.which(NGINX), reason="nginx is not installed (apt-get install nginx)")


def nginx_config(cli_env, *args) -> str:
    result = subprocess.run(
        [*quicklooks_command(), "deploy", "nginx-config", *args], env=cli_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@needs_nginx
def test_nginx_accepts_the_printed_config(cli_env, tmp_path):
    data_dir = tmp_path / "site"
    text = nginx_config(cli_env, "--data-dir", str(data_dir), "--app-port", "8123", "--listen", "127.0.0.1:18123")
    for folder in ("nginx/tmp", "logs"):
        (data_dir / folder).mkdir(parents=True)
    config = tmp_path / "nginx.conf"
    config.write_text(text)
    checked = subprocess.run(
        [NGINX, "-t", "-c", str(config), "-p", str(data_dir / "nginx"), "-e", str(data_dir / "logs" / "error.log")],
        capture_output=True, text=True, timeout=30,
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_config_names_the_data_directory_and_app_port(cli_env, tmp_path):
    text = nginx_config(cli_env, "--data-dir", str(tmp_path / "d"), "--app-port", "8123")
    assert f"root {tmp_path / 'd' / 'pages'};" in text
    assert f"alias {tmp_path / 'd' / 'static'}/;" in text
    assert "server 127.0.0.1:8123 max_fails=1 fail_timeout=5s;" in text
    # Personal requests are answered from page files only through SSI, with the reader's own fragments.
    assert "sessionid" in text and "try_files /current$uri/index.html @app;" in text
    assert "try_files /current$uri/index.html @reader_app;" in text and "ssi on;" in text


def test_more_app_servers_join_one_upstream(cli_env, tmp_path):
    text = nginx_config(cli_env, "--data-dir", str(tmp_path / "d"), "--app-port", "8123", "--more-app-server", "8124",
                        "--more-app-server", "10.0.0.2:8001")
    upstream = text.split("upstream quicklooks_app {", 1)[1].split("}", 1)[0]
    assert [line.split()[1] for line in upstream.splitlines() if line.strip().startswith("server ")] == [
        "127.0.0.1:8123", "127.0.0.1:8124", "10.0.0.2:8001"]
    assert "proxy_next_upstream error timeout http_502 http_503;" in text


def test_hsts_only_when_asked(cli_env, tmp_path):
    assert "Strict-Transport-Security" not in nginx_config(cli_env, "--data-dir", str(tmp_path))
    assert "max-age=63072000" in nginx_config(cli_env, "--data-dir", str(tmp_path), "--hsts-seconds", "63072000")


def test_page_files_allow_pictures_from_a_remote_media_host_as_the_app_does(cli_env, tmp_path):
    """With MEDIA_URL on a CDN, a page file from nginx must show the same pictures as the app's page."""
    remote = {**cli_env, "MEDIA_URL": "https://pictures.example.net/media/"}
    image_sources = "img-src 'self' data: https://pictures.example.net;"
    text = nginx_config(remote, "--data-dir", str(tmp_path / "d"))
    page_policies = [line for line in text.splitlines() if "Content-Security-Policy" in line and "sandbox" not in line]
    assert page_policies and all(image_sources in line for line in page_policies)
    # Uploaded files keep their own closed policy.
    assert "img-src 'self'; style-src 'unsafe-inline'; sandbox" in text
    app = subprocess.run(
        [*quicklooks_command(), "manage", "shell", "-c",
         "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"],
        env=remote, capture_output=True, text=True, timeout=120,
    )
    assert app.returncode == 0, app.stderr
    assert "https://pictures.example.net" in app.stdout
    # Without a remote host nothing else is allowed.
    assert "pictures.example.net" not in nginx_config(cli_env, "--data-dir", str(tmp_path / "d"))


def test_deploy_local_refuses_a_port_in_use(cli_env):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*quicklooks_command(), "deploy", "local", "--port", str(port)], env=cli_env, capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stdout
