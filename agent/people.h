/*
 * people.h: the people who report to the manager. Shared by the CLI and the
 * email command path, so both do exactly the same thing.
 *
 * A person is found by id ("3" or "#3"), name (case-insensitive), address,
 * or an unambiguous prefix of the name or first name ("anna" for "Anna Lee").
 * Removal keeps the row and all history (active = 0).
 */
#ifndef RAPPORT_PEOPLE_H
#define RAPPORT_PEOPLE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct db;

struct person {
	int64_t	 id;
	char	*name;
	char	*email;
	char	*tz;
	unsigned days;		/* bit 0 = Sunday */
	int	 day_start;	/* minutes after local midnight */
	int	 day_end;
	char	*checkin_rrule;	/* NULL: the config's default */
	char	*review_pref;
	int	 receipts;
	int	 active;
	int64_t	 paused_from;	/* 0 = not paused */
	int64_t	 paused_until;	/* 0 with paused_from set = until resumed */
	int64_t	 created_at;
	int64_t	 removed_at;
};

/* Fields are owned by the struct; person_clear() frees them. */
void	 person_clear(struct person *);
void	 person_list_free(struct person *, size_t);

/* 0 found, 1 not found / ambiguous (why says which), -1 database error. */
int	 person_find(struct db *, const char *key, struct person *, char *why, size_t);
int	 person_load(struct db *, int64_t id, struct person *);
/* Find the active person owning this address (their own or an alias). 0, 1, -1. */
int	 person_by_address(struct db *, const char *addr, struct person *);
/* All people (active only unless all), ordered by name. Caller frees with person_list_free. */
int	 person_list(struct db *, int all, struct person **, size_t *);

/* Insert; sets p->id. -2 if the name or address is taken. */
int	 person_insert(struct db *, struct person *);
/* Write every field of p back. -2 on a name/address clash. */
int	 person_update(struct db *, const struct person *);
int	 person_alias_add(struct db *, int64_t id, const char *addr);
int	 person_alias_remove(struct db *, int64_t id, const char *addr);
/* Aliases of a person, as a NULL-terminated array (caller frees each and the array). */
char	**person_aliases(struct db *, int64_t id);

/* Is the person paused at instant t? */
int	 person_paused_at(const struct person *, time_t);

#endif
