// The session: who is logged in and what the server says they may do.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as authApi from '@/api/auth';
import type { Permission, User } from '@/api/auth';
import { isApiError } from '@/utils/request';

export const useUserStore = defineStore('user', () => {
  const user = ref<User | null>(null);
  /** True once we asked the server whether a session exists. */
  const checked = ref(false);

  const loggedIn = computed(() => user.value !== null);
  const permissions = computed(() => new Set<string>(user.value?.permissions ?? []));
  const isReporter = computed(() => user.value?.role === 'reporter');
  /** The centre: edits and reviews every unit's figures and the targets. */
  const isStaff = computed(() => user.value?.role === 'admin' || user.value?.role === 'dispatcher');
  const isAdmin = computed(() => user.value?.role === 'admin');
  const isLeader = computed(() => user.value?.role === 'leader');

  function can(p: Permission): boolean {
    return permissions.value.has(p);
  }

  /** Any of the permissions (one alone is just `can`). */
  function canAny(p: Permission | Permission[]): boolean {
    return Array.isArray(p) ? p.some(can) : can(p);
  }

  /**
   * Whether the export of a list may be offered: exports follow the list's read permission, except
   * that a reviewer may export nothing (docs/api.md "Exports").
   */
  function canExport(readPermission: Permission): boolean {
    return can(readPermission) && user.value?.role !== 'reviewer';
  }

  async function ensureSession(): Promise<User | null> {
    if (checked.value) return user.value;
    try {
      user.value = await authApi.fetchMe();
    } catch (e) {
      if (!isApiError(e) || e.status !== 401) throw e;
      user.value = null;
    } finally {
      checked.value = true;
    }
    return user.value;
  }

  async function login(username: string, password: string): Promise<User> {
    user.value = await authApi.login(username, password);
    checked.value = true;
    return user.value;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      clear();
    }
  }

  /** Forget the session locally (after a 401). */
  function clear() {
    user.value = null;
    checked.value = true;
  }

  return {
    user,
    checked,
    loggedIn,
    permissions,
    isReporter,
    isStaff,
    isAdmin,
    isLeader,
    can,
    canAny,
    canExport,
    ensureSession,
    login,
    logout,
    clear,
  };
});
