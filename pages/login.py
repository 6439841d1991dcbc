"""Sign in: user name and password (argon2, throttled), or the organisation's sign-in (st.login) when
an [auth] section is configured; the identity is mapped to a role through the users table."""

from __future__ import annotations

import time

import streamlit as st

from pages import _common as c
from views.access import login, logout

c.require_shell()
ctx = c.ctx()
st.title(c.tr("auth.title"), anchor=False)

who = c.identity()
if who is not None:
    st.success(c.tr("auth.signed-in", name=c.md(who.username), role=c.tr(f"role.{who.role}")))
    if st.button(c.tr("auth.logout"), key="logout_page"):
        logout(ctx, who)
        st.session_state.pop("identity", None)
        if c.oidc_configured() and st.user.is_logged_in:
            st.logout()
        st.rerun()
    st.stop()

with st.form("login", enter_to_submit=True):
    username = st.text_input(c.tr("auth.username"), key="login_user", autocomplete="username")
    password = st.text_input(
        c.tr("auth.password"), type="password", key="login_password", autocomplete="current-password"
    )
    submitted = st.form_submit_button(c.tr("auth.login"), type="primary")
if submitted:
    identity, key = login(ctx, username, password)
    if identity is None:
        st.error(c.tr(key))
    else:
        st.session_state["identity"] = identity
        st.session_state["last_seen"] = time.time()
        st.rerun()
if c.oidc_configured():
    st.divider()
    st.button(c.tr("auth.oidc"), on_click=st.login, key="oidc_login")
st.caption(c.tr("auth.help"))
